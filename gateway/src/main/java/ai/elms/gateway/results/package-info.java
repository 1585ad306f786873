/**
 * Every request's record: written behind the answers, read back as lists and summaries.
 */
package ai.elms.gateway.results;
