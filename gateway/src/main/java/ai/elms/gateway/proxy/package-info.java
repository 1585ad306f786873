/**
 * The completion endpoints: requests forwarded to the routed node, answers streamed back,
 * retries before the first byte, one record per request.
 */
package ai.elms.gateway.proxy;
