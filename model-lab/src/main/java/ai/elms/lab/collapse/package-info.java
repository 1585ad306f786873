/**
 * The layer-collapse baseline (LaCo): which runs of layers a package merges, chosen by
 * how close the merged model's outputs stay to the full model's on the calibration split,
 * measured through the engine, and written into the package as a baseline ladder.
 */
package ai.elms.lab.collapse;
