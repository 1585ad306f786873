package ai.elms.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Serves one elastic package on this device behind an OpenAI-compatible API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceNodeApplication {

	public static void main(String[] args) {
		SpringApplication.run(InferenceNodeApplication.class, args);
	}

}
