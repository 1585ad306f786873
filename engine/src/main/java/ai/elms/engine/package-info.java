/**
 * The elastic LLM engine: opens an elastic package, serves generation at any of its
 * levels over one shared copy of the weights. Usable without Spring.
 */
package ai.elms.engine;
