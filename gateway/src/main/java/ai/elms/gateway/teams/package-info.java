/**
 * Teams, their API keys (stored hashed), the admin API, authentication and each key's
 * rate limit.
 */
package ai.elms.gateway.teams;
