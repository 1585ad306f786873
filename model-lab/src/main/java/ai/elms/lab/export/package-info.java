/**
 * The export step: a trained decoder written as an elastic package in the inference
 * node's format (docs/model-package.md).
 */
package ai.elms.lab.export;
