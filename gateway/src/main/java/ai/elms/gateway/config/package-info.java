/**
 * The gateway's settings.
 */
package ai.elms.gateway.config;
