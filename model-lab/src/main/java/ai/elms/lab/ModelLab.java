package ai.elms.lab;

import ai.elms.lab.collapse.CollapseCommand;
import ai.elms.lab.data.DataCommand;
import ai.elms.lab.elastic.ElasticizeCommand;
import ai.elms.lab.evaluate.EvaluateCommand;
import ai.elms.lab.export.ExportCommand;
import ai.elms.lab.tlm.TinyLabelsCommand;
import ai.elms.lab.tlm.TinyOutcomesCommand;
import ai.elms.lab.tlm.TinyTrainCommand;
import ai.elms.lab.tokenizer.TokenizerCommand;
import ai.elms.lab.training.PretrainCommand;
import ai.elms.lab.training.RecoverCommand;
import ai.elms.lab.training.TuneCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The model-lab command line. Steps, in pipeline order: {@code data}, {@code tokenizer},
 * {@code pretrain}, {@code tune}, {@code elasticize}, {@code recover}, {@code export},
 * {@code collapse}, {@code evaluate}.
 */
@Command(name = "model-lab", mixinStandardHelpOptions = true, version = "model-lab 0.1.0",
		description = "Makes an elastic LLM from data that ships with Debian, step by step.",
		subcommands = { DataCommand.class, TokenizerCommand.class, PretrainCommand.class, TuneCommand.class,
				ElasticizeCommand.class, RecoverCommand.class, ExportCommand.class, CollapseCommand.class,
				EvaluateCommand.class, TinyLabelsCommand.class, TinyTrainCommand.class, TinyOutcomesCommand.class,
				HelpCommand.class })
public final class ModelLab implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/**
	 * The command line with its subcommands; a failing step prints its message, not a
	 * stack trace.
	 */
	public static CommandLine commandLine() {
		return new CommandLine(new ModelLab()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
			cmd.getErr().println("model-lab " + cmd.getCommandName() + ": " + ex.getMessage());
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				cmd.getErr().println("  caused by: " + cause);
			}
			return 1;
		});
	}

	@Override
	public void run() {
		this.spec.commandLine().usage(System.out);
	}

}
