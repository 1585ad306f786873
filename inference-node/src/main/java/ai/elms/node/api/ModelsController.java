package ai.elms.node.api;

import java.util.List;

import ai.elms.node.model.LoadedModel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the one model this node serves.
 */
@RestController
class ModelsController {

	private final Admission admission;

	ModelsController(Admission admission) {
		this.admission = admission;
	}

	@GetMapping("/v1/models")
	ModelList list() {
		return new ModelList("list", List.of(model(this.admission.model())));
	}

	@GetMapping("/v1/models/{id}")
	ModelList.Model get(@PathVariable String id) {
		LoadedModel model = this.admission.model();
		if (!model.name().equals(id)) {
			throw new ApiException(HttpStatus.NOT_FOUND, OpenAiError.INVALID_REQUEST,
					"the model '" + id + "' does not exist; this node serves '" + model.name() + "'", "model",
					"model_not_found");
		}
		return model(model);
	}

	private static ModelList.Model model(LoadedModel model) {
		return new ModelList.Model(model.name(), "model", model.loadedAt().getEpochSecond(), "elms");
	}

}
