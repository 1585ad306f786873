package ai.elms.gateway.fleet;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models}: the models the fleet's available nodes serve, as OpenAI lists
 * them.
 */
@RestController
class ModelsController {

	private final Fleet fleet;

	ModelsController(Fleet fleet) {
		this.fleet = fleet;
	}

	@GetMapping("/v1/models")
	Map<String, Object> models() {
		TreeSet<String> ids = new TreeSet<>();
		this.fleet.nodes().stream().filter(FleetNode::available).forEach((node) -> ids.addAll(node.models()));
		List<Map<String, Object>> data = ids.stream()
			.map((id) -> Map.<String, Object>of("id", id, "object", "model", "created", 0L, "owned_by", "elms"))
			.toList();
		return Map.of("object", "list", "data", data);
	}

}
