/**
 * Resident memory of a process holding every level against one holding only the full
 * level, each measured in a child JVM of its own.
 */
package ai.elms.benchmarks.memory;
