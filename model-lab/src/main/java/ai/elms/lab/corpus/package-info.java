/**
 * Readers of the text corpora that Debian packages install: WordNet's data files, the
 * King James Bible of bible-kjv-text, fortune cookie files and dictd databases (GCIDE,
 * the Jargon File). Each reads the package's own format; nothing here cleans text.
 */
package ai.elms.lab.corpus;
