package ai.elms.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ElasticEngineTest {

	@TempDir
	static Path dir;

	static ElasticEngine engine;

	@BeforeAll
	static void open() throws IOException {
		PackageGenerator.generate(dir.resolve("tiny"), PackageShape.TINY, 7);
		engine = ElasticEngine.open(dir.resolve("tiny"), EngineOptions.DEFAULTS.withThreads(1));
	}

	@AfterAll
	static void close() {
		engine.close();
	}

	private static GenerationResult greedy(String prompt, int level, int maxTokens) {
		return engine.generate(
				new GenerationRequest(engine.encode(prompt), level, maxTokens, SamplingParams.GREEDY, List.of()),
				TokenSink.NONE);
	}

	@Test
	void opensAllNineLevelsSmallestFirst() {
		assertThat(engine.levels()).hasSize(9);
		assertThat(engine.levels().get(0).share()).isEqualTo(0.2);
		assertThat(engine.levels().get(8).share()).isEqualTo(1.0);
		for (int i = 1; i < 9; i++) {
			assertThat(engine.levels().get(i).parameters())
				.isGreaterThanOrEqualTo(engine.levels().get(i - 1).parameters());
		}
	}

	@Test
	void generatesUpToMaxTokensAtEveryLevel() {
		for (ElasticLevel level : engine.levels()) {
			GenerationResult result = greedy("hello world", level.index(), 12);
			assertThat(result.completionTokens()).isBetween(1, 12);
			if (result.finishReason() == FinishReason.LENGTH) {
				assertThat(result.completionTokens()).isEqualTo(12);
			}
			assertThat(result.promptTokens()).isEqualTo(engine.encode("hello world").length);
		}
	}

	@Test
	void outputDoesNotDependOnThePreviousRequestsLevel() {
		GenerationResult first = greedy("the same prompt", 4, 16);
		greedy("something else first", 0, 8);
		greedy("and at the full level", 8, 8);
		assertThat(greedy("the same prompt", 4, 16)).usingRecursiveComparison()
			.comparingOnlyFields("text", "completionTokens", "finishReason")
			.isEqualTo(first);
	}

	@Test
	void streamsTheSameTextItReturns() {
		List<String> pieces = new ArrayList<>();
		GenerationResult result = engine.generate(
				new GenerationRequest(engine.encode("stream me"), 8, 20, SamplingParams.GREEDY, List.of()),
				(delta) -> pieces.add(delta));
		assertThat(String.join("", pieces)).isEqualTo(result.text());
	}

	@Test
	void seededSamplingIsReproducible() {
		SamplingParams sampling = new SamplingParams(1.0, 0.9, 1234);
		int[] prompt = engine.encode("sample");
		GenerationResult a = engine.generate(new GenerationRequest(prompt, 8, 24, sampling, List.of()), TokenSink.NONE);
		GenerationResult b = engine.generate(new GenerationRequest(prompt, 8, 24, sampling, List.of()), TokenSink.NONE);
		GenerationResult c = engine.generate(
				new GenerationRequest(prompt, 8, 24, new SamplingParams(1.0, 0.9, 99), List.of()), TokenSink.NONE);
		assertThat(a.text()).isEqualTo(b.text());
		assertThat(c.text()).isNotEqualTo(a.text());
	}

	@Test
	void stopsAtAStopStringAndLeavesItOut() {
		String full = greedy("stop test", 8, 30).text();
		assertThat(full.length()).isGreaterThan(4);
		String stop = full.substring(2, 4);
		GenerationResult stopped = engine.generate(
				new GenerationRequest(engine.encode("stop test"), 8, 30, SamplingParams.GREEDY, List.of(stop)),
				TokenSink.NONE);
		assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
	}

	@Test
	void sinkCanCancel() {
		int[] calls = { 0 };
		GenerationResult result = engine.generate(
				new GenerationRequest(engine.encode("cancel"), 8, 50, SamplingParams.GREEDY, List.of()),
				(delta) -> ++calls[0] < 3);
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(calls[0]).isEqualTo(3);
	}

	@Test
	void rejectsPromptsThatDoNotFitTheContext() {
		int[] prompt = new int[engine.contextLength() - 5];
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.generate(new GenerationRequest(prompt, 8, 10, SamplingParams.GREEDY, List.of()),
					TokenSink.NONE))
			.withMessageContaining("context length");
	}

	@Test
	void rendersChatWithTheTemplate() {
		String prompt = engine
			.renderChat(List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "hi")));
		assertThat(prompt).isEqualTo("<|system|>\nbe brief<|end|>\n<|user|>\nhi<|end|>\n<|assistant|>\n");
		assertThat(engine.encode(prompt)).contains(256, 257, 258, 259);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.renderChat(List.of(new ChatMessage("robot", "x"))));
	}

	@Test
	void assistantMessagesOpenWithTheAnswerLead() {
		assertThat(engine.answerLead()).isEqualTo(" ");
		assertThat(engine.renderChat(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello"),
				new ChatMessage("user", "bye"))))
			.isEqualTo("<|user|>\nhi<|end|>\n<|assistant|>\n hello<|end|>\n<|user|>\nbye<|end|>\n<|assistant|>\n");
	}

	@Test
	void theAnswerLeadIsLeftOutOfTheReturnedText() {
		int[] prompt = engine.encode("lead");
		GenerationRequest plain = new GenerationRequest(prompt, 8, 12, SamplingParams.GREEDY, List.of(), true);
		String text = engine.generate(plain, TokenSink.NONE).text();
		assertThat(text).isNotEmpty();
		String lead = text.substring(0, 1);
		List<String> pieces = new ArrayList<>();
		GenerationResult led = engine
			.generate(new GenerationRequest(prompt, 8, 12, SamplingParams.GREEDY, List.of(), true, lead), pieces::add);
		assertThat(led.text()).isEqualTo(text.substring(1));
		assertThat(String.join("", pieces)).isEqualTo(text.substring(1));
		String other = lead.equals("x") ? "y" : "x";
		assertThat(engine
			.generate(new GenerationRequest(prompt, 8, 12, SamplingParams.GREEDY, List.of(), true, other),
					TokenSink.NONE)
			.text()).isEqualTo(text);
	}

	@Test
	void ignoreEosRunsToExactlyMaxTokens() {
		GenerationResult result = engine.generate(
				new GenerationRequest(engine.encode("exact"), 0, 40, new SamplingParams(1.5, 1.0, 3), List.of(), true),
				TokenSink.NONE);
		assertThat(result.completionTokens()).isEqualTo(40);
		assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
	}

	@Test
	void cancellationIsSeenBeforeEveryDecodeStep() {
		int[] steps = { 0 };
		GenerationResult result = engine.generate(
				new GenerationRequest(engine.encode("cancel early"), 8, 50, SamplingParams.GREEDY, List.of(), true),
				new TokenSink() {
					@Override
					public boolean accept(String delta) {
						return true;
					}

					@Override
					public boolean cancelled() {
						return ++steps[0] > 2;
					}
				});
		assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
		assertThat(result.completionTokens()).isEqualTo(3);
	}

	@Test
	void reportsTheThreadsItRunsWith() {
		assertThat(engine.threads()).isEqualTo(1);
	}

	@Test
	void scoresAContinuationByTheLogProbabilityOfEachToken() {
		int[] prompt = engine.encode("score me");
		GenerationResult greedy = engine
			.generate(new GenerationRequest(prompt, 8, 3, SamplingParams.GREEDY, List.of(), true), TokenSink.NONE);
		int[] continuation = engine.encode(greedy.text());
		ContinuationScore score = engine.score(prompt, continuation, 8);
		assertThat(score.tokenLogProbs()).hasSize(continuation.length);
		for (double logProb : score.tokenLogProbs()) {
			assertThat(logProb).isLessThan(0)
				.isGreaterThan(-Math.log(engine.manifest().architecture().vocabSize()) - 5);
		}
		assertThat(score.mean()).isCloseTo(score.sum() / continuation.length,
				org.assertj.core.data.Offset.offset(1e-9));
		// the next-token probabilities over the whole vocabulary sum to one
		double total = 0;
		for (int token = 0; token < engine.manifest().architecture().vocabSize(); token++) {
			total += Math.exp(engine.score(prompt, new int[] { token }, 0).sum());
		}
		assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
		assertThatIllegalArgumentException().isThrownBy(() -> engine.score(prompt, new int[0], 8));
	}

	@Test
	void continuesOnePrefilledPromptManyWaysAsIfEachRanAlone() {
		int[] prompt = engine.encode("one prompt, several answers");
		List<int[]> choices = List.of(engine.encode(" alpha"), engine.encode(" beta gamma delta"), engine.encode("!"));
		for (int level : new int[] { 0, 4, 8 }) {
			GenerationResult generated = engine.generate(
					new GenerationRequest(prompt, level, 6, SamplingParams.GREEDY, List.of(), false), TokenSink.NONE);
			List<Object> together = engine.withPrompt(prompt, level, (prefilled) -> {
				List<Object> results = new ArrayList<>();
				for (int[] choice : choices) {
					results.add(prefilled.score(choice));
				}
				// a greedy continuation between the scores changes none of them
				results.add(prefilled.greedy(6));
				results.add(prefilled.score(choices.get(0)));
				return results;
			});
			for (int c = 0; c < choices.size(); c++) {
				double[] alone = engine.score(prompt, choices.get(c), level).tokenLogProbs();
				assertThat(((ContinuationScore) together.get(c)).tokenLogProbs()).containsExactly(alone,
						org.assertj.core.data.Offset.offset(1e-5));
			}
			// generate holds back the bytes of an unfinished UTF-8 character at the end
			assertThat(engine.decode((int[]) together.get(3))).startsWith(generated.text());
			if (generated.finishReason() == FinishReason.LENGTH) {
				assertThat((int[]) together.get(3)).hasSize(6);
			}
			assertThat(((ContinuationScore) together.get(4)).tokenLogProbs())
				.containsExactly(((ContinuationScore) together.get(0)).tokenLogProbs());
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.withPrompt(prompt, 8, (prefilled) -> prefilled.greedy(engine.contextLength())));
		assertThatIllegalArgumentException().isThrownBy(() -> engine.withPrompt(new int[0], 8, (prefilled) -> 0));
	}

	@Test
	void scoresAfterAGenerationFromThePromptAsPrefilledBeforeIt() {
		int[] prompt = engine.encode("one prompt, an answer, then its options");
		List<int[]> choices = List.of(engine.encode(" alpha"), engine.encode(" beta gamma delta"));
		for (int level : new int[] { 0, 8 }) {
			GenerationRequest request = new GenerationRequest(prompt, level, 6, SamplingParams.GREEDY, List.of(), true);
			GenerationResult alone = engine.generate(request, TokenSink.NONE);
			List<Object> after = engine.generate(request, TokenSink.NONE, (result, prefilled) -> {
				List<Object> results = new ArrayList<>(List.of(result));
				for (int[] choice : choices) {
					results.add(prefilled.score(choice).tokenLogProbs());
				}
				return results;
			});
			GenerationResult result = (GenerationResult) after.get(0);
			assertThat(result.text()).isEqualTo(alone.text());
			assertThat(result.completionTokens()).isEqualTo(6);
			// the generated tokens went into a fork: the options follow the prompt itself
			for (int c = 0; c < choices.size(); c++) {
				assertThat((double[]) after.get(1 + c)).containsExactly(
						engine.score(prompt, choices.get(c), level).tokenLogProbs(),
						org.assertj.core.data.Offset.offset(1e-5));
			}
		}
	}

	@Test
	void scoringSessionsGiveTheScoresOfStepByStepScoring() throws IOException {
		int[] prompt = engine.encode("score in one step");
		int[] continuation = engine.encode(" a longer continuation of several tokens");
		try (ElasticEngine scoring = ElasticEngine.open(dir.resolve("tiny"),
				EngineOptions.DEFAULTS.withThreads(1).withScoring(true))) {
			for (int level : new int[] { 0, 5, 8 }) {
				double[] stepByStep = engine.score(prompt, continuation, level).tokenLogProbs();
				assertThat(scoring.score(prompt, continuation, level).tokenLogProbs()).containsExactly(stepByStep,
						org.assertj.core.data.Offset.offset(1e-4));
				String fromScoring = scoring.withPrompt(prompt, level,
						(prefilled) -> engine.decode(prefilled.greedy(5)));
				String plain = engine.withPrompt(prompt, level, (prefilled) -> engine.decode(prefilled.greedy(5)));
				assertThat(fromScoring).isEqualTo(plain);
			}
		}
	}

}
