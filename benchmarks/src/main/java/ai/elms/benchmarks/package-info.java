/**
 * The benchmark command: options, the packages it measures (generated once and cached),
 * and the plain tables it prints. Each measurement lives in its own package.
 */
package ai.elms.benchmarks;
