/**
 * The data step: reads the corpora, writes the cleaned pre-training corpus and the task
 * sets into a data directory, whose layout later steps read through
 * {@link ai.elms.lab.data.DataDirectory}.
 */
package ai.elms.lab.data;
