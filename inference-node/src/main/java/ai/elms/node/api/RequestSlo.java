package ai.elms.node.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body's {@code slo} field; each part overrides its header ({@code x-slo-ttft-ms},
 * {@code x-slo-tpot-ms}).
 *
 * @param ttftMs most milliseconds from arrival to the first token
 * @param tpotMs most milliseconds per output token after the first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RequestSlo(@Positive @DecimalMax(Admission.MAX_SLO_MS) Double ttftMs,
		@Positive @DecimalMax(Admission.MAX_SLO_MS) Double tpotMs) {
}
