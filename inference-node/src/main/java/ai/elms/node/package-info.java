/**
 * The inference node: a thin Spring shell around the engine. {@code api} speaks OpenAI
 * over HTTP, {@code scheduling} orders requests by deadline and runs them on worker
 * threads, {@code model} loads and profiles the package, {@code elastic} exposes the
 * latency profile, {@code config} holds the settings.
 */
package ai.elms.node;
