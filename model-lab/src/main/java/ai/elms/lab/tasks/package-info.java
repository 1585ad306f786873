/**
 * Task sets with gold answers in the shapes the publication evaluates: multiple choice
 * from WordNet (definition, hypernym) and the mobile-agent tasks (app selection, function
 * call), each item with a few-shot system prompt and a fixed split.
 */
package ai.elms.lab.tasks;
