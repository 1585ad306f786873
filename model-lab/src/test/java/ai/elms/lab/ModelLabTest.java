package ai.elms.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LayerDrop;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.GenerationResult;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLabTest {

	@TempDir
	Path dir;

	@Test
	void dataThenTokenizerFromTheCommandLine() {
		String root = Fixtures.sources().root().toString();
		String data = this.dir.resolve("data").toString();

		assertThat(ModelLab.commandLine()
			.execute("data", "--root", root, "--out", data, "--seed", "5", "--train", "8", "--calibration", "1",
					"--validation", "2", "--test", "2"))
			.isZero();
		assertThat(ModelLab.commandLine().execute("tokenizer", "--data", data, "--vocab-size", "600")).isZero();
		assertThat(this.dir.resolve("data/tokenizer.json")).isNotEmptyFile();
	}

	@Test
	void pretrainTuneAndExportMakeAPackageTheEngineServes() throws Exception {
		String root = Fixtures.sources().root().toString();
		String data = this.dir.resolve("data").toString();
		assertThat(ModelLab.commandLine()
			.execute("data", "--root", root, "--out", data, "--seed", "5", "--train", "8", "--calibration", "1",
					"--validation", "2", "--test", "2"))
			.isZero();
		assertThat(ModelLab.commandLine().execute("tokenizer", "--data", data, "--vocab-size", "600")).isZero();
		Path config = this.dir.resolve("tiny.json");
		Files.writeString(config, TINY_CONFIG);
		String pretrain = this.dir.resolve("pretrain").toString();
		String tune = this.dir.resolve("tune").toString();
		Path pack = this.dir.resolve("package");

		assertThat(ModelLab.commandLine()
			.execute("pretrain", "--data", data, "--out", pretrain, "--config", config.toString(), "--threads", "1"))
			.isZero();
		assertThat(ModelLab.commandLine().execute("tune", "--data", data, "--from", pretrain, "--out", tune)).isZero();
		assertThat(ModelLab.commandLine().execute("export", "--run", tune, "--data", data, "--out", pack.toString()))
			.isZero();

		assertThat(this.dir.resolve("tune/log.jsonl")).content().contains("\"exact_match\"");
		try (ElasticEngine engine = ElasticEngine.open(pack, EngineOptions.DEFAULTS.withThreads(1))) {
			assertThat(engine.levels()).hasSize(9);
			assertThat(engine.manifest().name()).isEqualTo("elms-tiny");
			String prompt = engine.renderChat(List.of(new ChatMessage("user", "Define: dog")));
			GenerationResult result = engine.generate(
					new GenerationRequest(engine.encode(prompt), 8, 4, SamplingParams.GREEDY, List.of(), true),
					TokenSink.NONE);
			assertThat(result.completionTokens()).isEqualTo(4);
		}

		// an elasticized run's package also has the layer-drop baselines
		String elastic = this.dir.resolve("elastic").toString();
		Path elasticPack = this.dir.resolve("elastic-package");
		assertThat(ModelLab.commandLine()
			.execute("elasticize", "--run", tune, "--data", data, "--out", elastic, "--samples", "4", "--threads", "1"))
			.isZero();
		assertThat(ModelLab.commandLine()
			.execute("export", "--run", elastic, "--data", data, "--out", elasticPack.toString(), "--samples", "4"))
			.isZero();
		// and, with collapse, the layer-collapse baseline (the tiny model's two layers: a
		// window of two)
		assertThat(ModelLab.commandLine()
			.execute("collapse", "--package", elasticPack.toString(), "--data", data, "--items", "2", "--window", "2",
					"--threads", "1"))
			.isZero();
		for (String ladder : List.of(LayerDrop.LAYERS, LayerDrop.ATTENTION, LayerCollapse.LADDER)) {
			try (ElasticEngine engine = ElasticEngine.open(elasticPack,
					EngineOptions.DEFAULTS.withThreads(1).withLadder(ladder))) {
				assertThat(engine.levels()).extracting(ElasticLevel::share).hasSize(2).endsWith(1.0);
				assertThat(engine.levels().get(0).parameters()).isLessThan(engine.levels().get(1).parameters());
				GenerationResult result = engine.generate(new GenerationRequest(
						engine.encode(engine.renderChat(List.of(new ChatMessage("user", "Define: dog")))), 0, 4,
						SamplingParams.GREEDY, List.of(), true), TokenSink.NONE);
				assertThat(result.completionTokens()).isEqualTo(4);
			}
		}

		// recovery goes on from the exported package, on prompts its tiny model
		// compresses
		Fixtures.tinyModel(elasticPack, 600, 2048);
		String recovered = this.dir.resolve("recovered").toString();
		Path recoveredPack = this.dir.resolve("recovered-package");
		assertThat(ModelLab.commandLine()
			.execute("recover", "--data", data, "--from", elasticPack.toString(), "--config", config.toString(),
					"--compress-with", elasticPack.toString(), "--compressed-share", "1", "--steps", "2",
					"--stop-after", "1", "--out", recovered, "--threads", "1"))
			.isZero();
		// resumed, the run compresses as it started
		assertThat(this.dir.resolve("recovered/compression.json")).content()
			.contains(elasticPack.toAbsolutePath().toString())
			.contains("\"share\" : 1.0");
		assertThat(ModelLab.commandLine()
			.execute("recover", "--data", data, "--out", recovered, "--resume", "--threads", "1")).isZero();
		assertThat(this.dir.resolve("recovered/log.jsonl")).content().contains("\"step\":2");
		assertThat(ModelLab.commandLine()
			.execute("export", "--run", recovered, "--data", data, "--out", recoveredPack.toString(), "--samples", "4"))
			.isZero();
		PackageManifest before = ModelPackage.open(elasticPack).manifest();
		PackageManifest after = ModelPackage.open(recoveredPack).manifest();
		assertThat(after.levels()).isEqualTo(before.levels());
		assertThat(after.anchorLayers()).isEqualTo(before.anchorLayers());
		assertThat(Files.readAllBytes(recoveredPack.resolve(after.weights())))
			.isNotEqualTo(Files.readAllBytes(elasticPack.resolve(before.weights())));
		// a package of another architecture than the config's is refused
		assertThat(ModelLab.commandLine()
			.execute("recover", "--data", data, "--from", elasticPack.toString(), "--out",
					this.dir.resolve("refused").toString()))
			.isNotZero();
	}

	/** A model of a few thousand parameters; the tokenizer above has 600 tokens. */
	static final String TINY_CONFIG = """
			{"name": "elms-tiny", "seed": 1,
			 "architecture": {"hidden_size": 32, "layers": 2, "heads": 4, "kv_heads": 2, "head_dim": 8, "ffn_size": 64,
			   "vocab_size": 600, "context_length": 2048, "rope_theta": 10000.0, "rms_norm_eps": 1e-5,
			   "tie_embeddings": true},
			 "pretrain": {"steps": 4, "batch_tokens": 512, "sequence_length": 64, "learning_rate": 0.01,
			   "min_learning_rate": 0.001, "warmup_steps": 1, "weight_decay": 0.1, "clip_norm": 1.0, "eval_every": 2,
			   "eval_batches": 1, "checkpoint_every": 2,
			   "source_weights": {"wordnet": 0.5, "gcide": 0.2, "bible": 0.1, "fortunes": 0.1, "jargon": 0.1}},
			 "tune": {"steps": 3, "batch_tokens": 2048, "sequence_length": 2048, "learning_rate": 0.01,
			   "min_learning_rate": 0.001, "warmup_steps": 1, "weight_decay": 0.1, "clip_norm": 1.0, "eval_every": 3,
			   "eval_items": 1, "checkpoint_every": 3, "corpus_share": 0.3, "full_prompt_share": 0.5, "max_turns": 2}}
			""";

	@Test
	void aFailingStepExitsWithItsMessage() {
		StringWriter err = new StringWriter();
		CommandLine cli = ModelLab.commandLine();
		cli.setErr(new PrintWriter(err));

		int exit = cli.execute("data", "--root", this.dir.toString(), "--out", this.dir.resolve("out").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).startsWith("model-lab data: corpora missing under").contains("install-corpora.sh");
	}

}
