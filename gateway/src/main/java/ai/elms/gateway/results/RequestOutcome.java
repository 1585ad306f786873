package ai.elms.gateway.results;

import java.time.Instant;

/**
 * What became of one request: the record's content, as the API shows it.
 *
 * @param id the gateway's id of the request
 * @param teamId the team whose key made it
 * @param gateway the gateway that answered it
 * @param campaign what the caller tagged it with ({@code x-elms-campaign}), or null
 * @param endpoint {@code chat.completions} or {@code completions}
 * @param model the model the node served
 * @param strategy the strategy the node served it with
 * @param stream whether it was streamed
 * @param sloTtftMs its TTFT SLO, if any
 * @param sloTpotMs its TPOT SLO, if any
 * @param nodeUrl the node that answered (the last one tried when none did)
 * @param attempts nodes tried
 * @param modelLevel the level served, as its share
 * @param promptRatio the prompt ratio served
 * @param promptTokens prompt tokens
 * @param completionTokens completion tokens
 * @param queueMs time in the node's queue
 * @param ttftMs time to the first token, from the gateway's receipt
 * @param tpotMs time per output token after the first
 * @param e2eMs from the gateway's receipt to the end of the answer
 * @param ttftMet whether the TTFT SLO was met (null without one)
 * @param tpotMet whether the TPOT SLO was met (null without one)
 * @param sloMet whether both were (null without an SLO)
 * @param status {@code ok}, {@code rejected} (the gateway refused it), {@code failed} (no
 * node answered), {@code node_error} (the node refused it), {@code broken} (the node died
 * mid-answer) or {@code cancelled} (the client went away)
 * @param httpStatus the status the client got
 * @param error what went wrong, or null
 * @param createdAt when the gateway received it
 */
public record RequestOutcome(String id, String teamId, String gateway, String campaign, String endpoint, String model,
		String strategy, boolean stream, Double sloTtftMs, Double sloTpotMs, String nodeUrl, int attempts,
		Double modelLevel, Double promptRatio, Integer promptTokens, Integer completionTokens, Double queueMs,
		Double ttftMs, Double tpotMs, double e2eMs, Boolean ttftMet, Boolean tpotMet, Boolean sloMet, String status,
		int httpStatus, String error, Instant createdAt) {
}
