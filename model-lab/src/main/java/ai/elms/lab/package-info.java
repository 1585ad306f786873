/**
 * model-lab, the offline pipeline that makes ELMS's default elastic LLM from data that
 * ships with Debian: the command line ({@link ai.elms.lab.ModelLab}) and what its steps
 * share. Each step lives in its own package.
 */
package ai.elms.lab;
