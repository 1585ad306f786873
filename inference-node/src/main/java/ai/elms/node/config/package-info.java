/** The node's settings: one {@code elms.*} tree with a default for each. */
package ai.elms.node.config;
