package ai.elms.engine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.sampling.Sampler;
import ai.elms.engine.text.IncrementalDecoder;
import ai.elms.engine.text.LeadStripper;
import ai.elms.engine.text.StopMatcher;
import ai.elms.engine.text.Tokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * An elastic package opened for generation: one ONNX Runtime session per level, all over
 * one copy of the weights. Thread-safe; close it to free the native memory.
 */
public final class ElasticEngine implements AutoCloseable {

	/** What a plain generation hands on: the result alone. */
	private static final BiFunction<GenerationResult, PrefilledPrompt, GenerationResult> RESULT_ONLY = (result,
			prompt) -> result;

	private final ModelPackage pack;

	private final Tokenizer tokenizer;

	private final List<LevelSession> sessions;

	/**
	 * Per level, a session that returns every new position's logits (opened only for
	 * scoring), or empty.
	 */
	private final List<LevelSession> scorers;

	private final List<ElasticLevel> levels;

	private final Set<Integer> eosTokens;

	private final int endToken;

	private final Path graphDir;

	private final int threads;

	private final boolean ownsGraphDir;

	/**
	 * Generations hold it shared; close takes it exclusively, so no session closes under
	 * a run.
	 */
	private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

	private boolean closed;

	private final String ladder;

	private ElasticEngine(ModelPackage pack, Tokenizer tokenizer, List<LevelSession> sessions,
			List<LevelSession> scorers, Set<Integer> eosTokens, int endToken, Path graphDir, boolean ownsGraphDir,
			int threads, String ladder) {
		this.threads = threads;
		this.ladder = ladder;
		this.scorers = scorers;
		this.pack = pack;
		this.tokenizer = tokenizer;
		this.sessions = sessions;
		this.eosTokens = eosTokens;
		this.endToken = endToken;
		this.graphDir = graphDir;
		this.ownsGraphDir = ownsGraphDir;
		List<ElasticLevel> list = new ArrayList<>();
		for (LevelSession session : sessions) {
			LevelSpec spec = session.spec();
			list.add(new ElasticLevel(list.size(), spec.share(), spec.parameters(pack.manifest().architecture())));
		}
		this.levels = List.copyOf(list);
	}

	public static ElasticEngine open(Path packageDir, EngineOptions options) throws IOException {
		ModelPackage pack = ModelPackage.open(packageDir);
		PackageManifest manifest = pack.manifest();
		List<LevelSpec> ladder;
		try {
			ladder = manifest.ladder(options.ladder());
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(packageDir + ": " + ex.getMessage(), ex);
		}
		List<LevelSpec> specs = ladder.stream()
			.filter((level) -> options.levels().isEmpty()
					|| options.levels().stream().anyMatch((share) -> Math.abs(share - level.share()) < 1e-6))
			.toList();
		if (specs.isEmpty()) {
			throw new IOException("the package has none of the levels " + options.levels());
		}
		int threads = OrtRuntime.threads(options.threads());
		boolean ownsGraphDir = options.workDir() == null;
		Path graphDir = ownsGraphDir ? Files.createTempDirectory("elms-graphs")
				: Files.createDirectories(options.workDir());
		Tokenizer tokenizer = Tokenizer.load(pack.tokenizerFile());
		List<LevelSession> sessions = new ArrayList<>();
		List<LevelSession> scorers = new ArrayList<>();
		try {
			OrtEnvironment env = OrtRuntime.environment(threads);
			for (LevelSpec spec : specs) {
				sessions.add(LevelSession.open(env, pack, options.ladder(), spec, graphDir, threads, false));
				if (options.scoring()) {
					scorers.add(LevelSession.open(env, pack, options.ladder(), spec, graphDir, threads, true));
				}
			}
			Set<Integer> eos = new HashSet<>();
			for (String token : manifest.eosTokens()) {
				eos.add(tokenizer.tokenId(token));
			}
			int endToken = manifest.eosTokens().isEmpty() ? -1 : tokenizer.tokenId(manifest.eosTokens().get(0));
			ElasticEngine engine = new ElasticEngine(pack, tokenizer, List.copyOf(sessions), List.copyOf(scorers),
					Set.copyOf(eos), endToken, graphDir, ownsGraphDir, threads, options.ladder());
			OrtShutdown.opened(engine);
			return engine;
		}
		catch (OrtException | RuntimeException ex) {
			for (LevelSession session : sessions) {
				closeQuietly(session);
			}
			for (LevelSession session : scorers) {
				closeQuietly(session);
			}
			tokenizer.close();
			throw new IOException("cannot open " + packageDir + ": " + ex.getMessage(), ex);
		}
	}

	public PackageManifest manifest() {
		return this.pack.manifest();
	}

	/** The opened levels, smallest first. */
	public List<ElasticLevel> levels() {
		return this.levels;
	}

	/**
	 * Intra-op threads the sessions run with (all cores when the options asked for 0).
	 */
	public int threads() {
		return this.threads;
	}

	/** The session of a level, for the benchmarks' bare decode loop. */
	LevelSession levelSession(int level) {
		return this.sessions.get(level);
	}

	/**
	 * The package's end-of-sequence token that ends an answer: the first of the
	 * manifest's end tokens; -1 when it has none.
	 */
	public int endToken() {
		return this.endToken;
	}

	public int contextLength() {
		return this.pack.manifest().architecture().contextLength();
	}

	/**
	 * SHA-256 (hex) of the manifest, tokenizer and weights, then the ladder's name for a
	 * baseline's levels: identifies what is served in caches.
	 */
	public String packageHash() {
		return (this.ladder != null) ? this.pack.fingerprint() + "/" + this.ladder : this.pack.fingerprint();
	}

	/**
	 * The ladder of levels opened: null for the elastic levels, else a baseline's name.
	 */
	public String ladder() {
		return this.ladder;
	}

	/**
	 * Tokenizes text; special tokens written in it (such as the chat markers) are
	 * recognized.
	 */
	public int[] encode(String text) {
		return this.tokenizer.encode(text);
	}

	/** Detokenizes, special tokens skipped. */
	public String decode(int[] tokens) {
		return this.tokenizer.decode(tokens, 0, tokens.length);
	}

	/**
	 * The text every answer of the package's chat template opens with (see
	 * {@link ai.elms.engine.pack.ChatTemplate#answerLead()}): what to write before an
	 * answer option scored after a chat prompt, and the
	 * {@link GenerationRequest#answerLead()} of a generation after one.
	 */
	public String answerLead() {
		return this.pack.manifest().chatTemplate().answerLead();
	}

	/**
	 * Renders chat messages with the package's template; unknown roles are an
	 * IllegalArgumentException.
	 */
	public String renderChat(List<ChatMessage> messages) {
		return this.pack.manifest().chatTemplate().render(messages);
	}

	/**
	 * Generates on the calling thread, handing text to the sink as it becomes final.
	 * @throws IllegalArgumentException if the level does not exist or the prompt and
	 * max_tokens do not fit the context
	 */
	public GenerationResult generate(GenerationRequest request, TokenSink sink) {
		return whileOpen(() -> run(request, sink, RESULT_ONLY));
	}

	/**
	 * Generates as {@link #generate(GenerationRequest, TokenSink)}, then hands the result
	 * and the prompt as it was prefilled before the first token to {@code then}, on the
	 * calling thread: what follows the answer (scoring answer options) reads the prompt's
	 * KV cache without a second prefill. The prefilled prompt is valid only inside
	 * {@code then}. The prompt's KV cache is kept while the answer is generated beside
	 * it, so this holds up to twice the KV cache of a plain generation.
	 * @throws IllegalArgumentException if the level does not exist or the prompt and
	 * max_tokens do not fit the context
	 */
	public <T> T generate(GenerationRequest request, TokenSink sink,
			BiFunction<GenerationResult, PrefilledPrompt, T> then) {
		Objects.requireNonNull(then, "then");
		return whileOpen(() -> run(request, sink, then));
	}

	private <T> T whileOpen(Supplier<T> body) {
		this.lifecycle.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("the engine is closed");
			}
			return body.get();
		}
		finally {
			this.lifecycle.readLock().unlock();
		}
	}

	private <T> T run(GenerationRequest request, TokenSink sink,
			BiFunction<GenerationResult, PrefilledPrompt, T> then) {
		if (request.level() < 0 || request.level() >= this.sessions.size()) {
			throw new IllegalArgumentException("no level " + request.level());
		}
		int promptLength = request.promptTokens().length;
		if (promptLength + request.maxTokens() > contextLength()) {
			throw new IllegalArgumentException("the prompt (" + promptLength + " tokens) plus max_tokens ("
					+ request.maxTokens() + ") exceed the context length of " + contextLength() + " tokens");
		}
		long start = System.nanoTime();
		try (LevelSession.Cache prompt = this.sessions.get(request.level()).newCache()) {
			FloatBuffer promptLogits = prompt.step(request.promptTokens(), 0, promptLength);
			long prefillEnd = System.nanoTime();
			if (then == RESULT_ONLY) {
				// nothing reads the prompt after the answer: no fork, one KV cache
				return then.apply(decode(request, sink, prompt, promptLogits, start, prefillEnd), null);
			}
			// the answer goes into a fork: the prompt's cache stays as prefilled
			GenerationResult result;
			try (LevelSession.Cache answer = prompt.fork()) {
				result = decode(request, sink, answer, promptLogits, start, prefillEnd);
			}
			return then.apply(result, new Prefilled(prompt, promptLogits, scorer(request.level())));
		}
		catch (OrtException ex) {
			throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Samples the answer into a cache that holds the prompt, from the prompt's logits.
	 */
	private GenerationResult decode(GenerationRequest request, TokenSink sink, LevelSession.Cache cache,
			FloatBuffer promptLogits, long start, long prefillEnd) throws OrtException {
		Sampler sampler = new Sampler(request.sampling());
		IncrementalDecoder decoder = new IncrementalDecoder(this.tokenizer);
		StopMatcher stops = new StopMatcher(request.stop());
		LeadStripper lead = new LeadStripper(request.answerLead());
		int[] token = new int[1];
		FloatBuffer logits = promptLogits;
		long firstToken = 0;
		int generated = 0;
		FinishReason finish = FinishReason.LENGTH;
		while (true) {
			token[0] = sampler.next(logits);
			generated++;
			if (generated == 1) {
				firstToken = System.nanoTime();
			}
			if (!request.ignoreEos() && this.eosTokens.contains(token[0])) {
				finish = FinishReason.STOP;
				break;
			}
			String text = stops.add(lead.add(decoder.add(token[0])));
			if (!text.isEmpty() && !sink.accept(text)) {
				finish = FinishReason.CANCELLED;
				break;
			}
			if (stops.stopped()) {
				finish = FinishReason.STOP;
				break;
			}
			if (generated == request.maxTokens()) {
				break;
			}
			if (sink.cancelled()) {
				finish = FinishReason.CANCELLED;
				break;
			}
			logits = cache.step(token, 0, 1);
		}
		if (finish != FinishReason.CANCELLED) {
			String rest = stops.add(lead.flush()) + stops.flush();
			if (!rest.isEmpty() && !sink.accept(rest)) {
				finish = FinishReason.CANCELLED;
			}
		}
		long end = System.nanoTime();
		return new GenerationResult(stops.text(), finish, request.promptTokens().length, generated,
				millis(prefillEnd - start), millis(firstToken - start), millis(end - firstToken));
	}

	/**
	 * Scores a continuation of a prompt at a level: the log-probability of each token,
	 * read from the logits before it.
	 * @throws IllegalArgumentException if the level does not exist, either part is empty,
	 * or they do not fit the context
	 */
	public ContinuationScore score(int[] prompt, int[] continuation, int level) {
		return withPrompt(prompt, level, (prefilled) -> prefilled.score(continuation));
	}

	/**
	 * Prefills a prompt once at a level and hands it to {@code body}, which may score and
	 * greedily continue it any number of times (the multiple-choice evaluation: every
	 * choice and the generated answer after one prefill). The prefilled prompt is valid
	 * only inside {@code body}, on the calling thread.
	 * @throws IllegalArgumentException if the level does not exist, the prompt is empty
	 * or does not fit the context
	 */
	public <T> T withPrompt(int[] prompt, int level, Function<PrefilledPrompt, T> body) {
		return whileOpen(() -> {
			if (level < 0 || level >= this.sessions.size()) {
				throw new IllegalArgumentException("no level " + level);
			}
			if (prompt.length == 0) {
				throw new IllegalArgumentException("the prompt must not be empty");
			}
			if (prompt.length > contextLength()) {
				throw new IllegalArgumentException(
						"the prompt (" + prompt.length + " tokens) exceeds the context length of " + contextLength());
			}
			try (LevelSession.Cache cache = this.sessions.get(level).newCache()) {
				FloatBuffer logits = cache.step(prompt, 0, prompt.length);
				return body.apply(new Prefilled(cache, logits, scorer(level)));
			}
			catch (OrtException ex) {
				throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
			}
		});
	}

	/** The level's session of every position's logits, or null. */
	private LevelSession scorer(int level) {
		return this.scorers.isEmpty() ? null : this.scorers.get(level);
	}

	/** A prompt prefilled at one level: its KV cache and the logits after it. */
	private final class Prefilled implements PrefilledPrompt {

		private final LevelSession.Cache cache;

		private final FloatBuffer logits;

		/** The level's session of every position's logits, or null. */
		private final LevelSession scorer;

		private Prefilled(LevelSession.Cache cache, FloatBuffer logits, LevelSession scorer) {
			this.cache = cache;
			this.logits = logits;
			this.scorer = scorer;
		}

		@Override
		public ContinuationScore score(int[] continuation) {
			if (continuation.length == 0) {
				throw new IllegalArgumentException("the continuation must not be empty");
			}
			fits(continuation.length);
			double[] logProbs = new double[continuation.length];
			logProbs[0] = logSoftmax(this.logits, continuation[0]);
			if (continuation.length > 1 && this.scorer != null) {
				// one step over the continuation gives the logits before each of its
				// tokens
				int vocab = this.logits.remaining();
				try (LevelSession.Cache fork = this.scorer.continuing(this.cache)) {
					FloatBuffer rows = fork.step(continuation, 0, continuation.length - 1);
					for (int i = 1; i < continuation.length; i++) {
						logProbs[i] = logSoftmax(rows.duplicate().position((i - 1) * vocab).limit(i * vocab).slice(),
								continuation[i]);
					}
				}
				catch (OrtException ex) {
					throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
				}
			}
			else if (continuation.length > 1) {
				try (LevelSession.Cache fork = this.cache.fork()) {
					for (int i = 1; i < continuation.length; i++) {
						logProbs[i] = logSoftmax(fork.step(continuation, i - 1, i), continuation[i]);
					}
				}
				catch (OrtException ex) {
					throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
				}
			}
			return new ContinuationScore(logProbs);
		}

		@Override
		public float[] logits() {
			float[] copy = new float[this.logits.remaining()];
			this.logits.duplicate().get(copy);
			return copy;
		}

		@Override
		public int[] greedy(int maxTokens) {
			if (maxTokens < 1) {
				throw new IllegalArgumentException("maxTokens must be at least 1");
			}
			fits(maxTokens);
			int[] tokens = new int[maxTokens];
			int count = 0;
			FloatBuffer next = this.logits;
			Sampler argmax = new Sampler(SamplingParams.GREEDY);
			try (LevelSession.Cache fork = this.cache.fork()) {
				while (true) {
					int token = argmax.next(next);
					if (ElasticEngine.this.eosTokens.contains(token)) {
						break;
					}
					tokens[count++] = token;
					if (count == maxTokens) {
						break;
					}
					next = fork.step(tokens, count - 1, count);
				}
			}
			catch (OrtException ex) {
				throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
			}
			return java.util.Arrays.copyOf(tokens, count);
		}

		private void fits(int tokens) {
			if (this.cache.length() + tokens > contextLength()) {
				throw new IllegalArgumentException("the prompt (" + this.cache.length() + " tokens) plus " + tokens
						+ " more exceed the context length of " + contextLength() + " tokens");
			}
		}

	}

	private static double logSoftmax(FloatBuffer logits, int token) {
		int base = logits.position();
		int vocab = logits.remaining();
		if (token < 0 || token >= vocab) {
			throw new IllegalArgumentException("token " + token + " is outside the vocabulary");
		}
		float max = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < vocab; i++) {
			max = Math.max(max, logits.get(base + i));
		}
		double sum = 0;
		for (int i = 0; i < vocab; i++) {
			sum += Math.exp(logits.get(base + i) - max);
		}
		return logits.get(base + token) - max - Math.log(sum);
	}

	@Override
	public void close() {
		this.lifecycle.writeLock().lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		finally {
			this.lifecycle.writeLock().unlock();
		}
		for (LevelSession session : this.sessions) {
			closeQuietly(session);
		}
		for (LevelSession session : this.scorers) {
			closeQuietly(session);
		}
		this.tokenizer.close();
		OrtShutdown.closed(this);
		if (this.ownsGraphDir) {
			try (Stream<Path> files = Files.walk(this.graphDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary folder left behind is harmless
			}
		}
	}

	private static void closeQuietly(LevelSession session) {
		try {
			session.close();
		}
		catch (OrtException ex) {
			// closing releases native memory; there is nothing else to do on failure
		}
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

}
