package ai.elms.node.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's settings bind with their defaults and refuse what they cannot serve. */
class ElmsPropertiesTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ElmsProperties.class)
	static class Settings {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Test
	void aimsAtNinetyPercentUnlessTold() {
		this.runner
			.run((context) -> assertThat(context.getBean(ElmsProperties.class).profile().attainment()).isEqualTo(0.9));
		this.runner.withPropertyValues("elms.profile.attainment=0.95")
			.run((context) -> assertThat(context.getBean(ElmsProperties.class).profile().attainment()).isEqualTo(0.95));
	}

	@Test
	void refusesAnAttainmentOutsideHalfToNinetyNinePercent() {
		for (String attainment : new String[] { "1.0", "0.3" }) {
			this.runner.withPropertyValues("elms.profile.attainment=" + attainment)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("elms.profile.attainment"));
		}
	}

}
