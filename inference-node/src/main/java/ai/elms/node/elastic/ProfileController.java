package ai.elms.node.elastic;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.node.model.ServedModel;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/elastic/profile}: the latency profile of the served package on this
 * device.
 */
@RestController
class ProfileController {

	private final ServedModel model;

	ProfileController(ServedModel model) {
		this.model = model;
	}

	@GetMapping("/v1/elastic/profile")
	LatencyProfile profile() {
		return this.model.require().profile();
	}

}
