/**
 * The SLO evaluation: drives a running inference node over HTTP, as a client would, with
 * the task sets' test items under the publication's SLOs, for each strategy; reports
 * accuracy, SLO attainment and the levels and ratios chosen.
 */
package ai.elms.benchmarks.slo;
