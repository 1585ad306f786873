package ai.elms.node.model;

import java.util.Locale;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up once the model serves; part of the readiness group, so readiness is down while it
 * loads.
 */
@Component
class ModelHealthIndicator implements HealthIndicator {

	private final ServedModel model;

	ModelHealthIndicator(ServedModel model) {
		this.model = model;
	}

	@Override
	public Health health() {
		return this.model.current()
			.map((loaded) -> Health.up()
				.withDetail("model", loaded.name())
				.withDetail("levels", loaded.engine().levels().size())
				.build())
			.orElseGet(() -> {
				Health.Builder health = Health.down()
					.withDetail("state", this.model.state().name().toLowerCase(Locale.ROOT));
				this.model.failure().ifPresent((failure) -> health.withDetail("error", failure));
				return health.build();
			});
	}

}
