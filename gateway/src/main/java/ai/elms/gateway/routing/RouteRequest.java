package ai.elms.gateway.routing;

import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;

/**
 * What routing knows of a request.
 *
 * @param promptTokens the prompt's length in tokens (estimated: the gateway has no
 * tokenizer)
 * @param slo its SLO, parts of which may be absent
 * @param strategy the strategy it asks for, or null for each node's own
 * @param sheddable whether it may be refused (429) when no node can meet its SLO
 */
public record RouteRequest(int promptTokens, LatencySlo slo, Strategy strategy, boolean sheddable) {
}
