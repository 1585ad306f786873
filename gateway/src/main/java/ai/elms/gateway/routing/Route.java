package ai.elms.gateway.routing;

import ai.elms.gateway.fleet.FleetNode;

/**
 * A node a request may go to, and what its profile predicts there.
 *
 * @param node the node
 * @param level the share of the level predicted to serve it (the best that fits, else the
 * smallest)
 * @param predictedTtftMs queue wait plus the level's TTFT at the prompt's length
 * @param predictedTpotMs the level's TPOT
 * @param fits whether that meets the SLO
 */
public record Route(FleetNode node, double level, double predictedTtftMs, double predictedTpotMs, boolean fits) {
}
