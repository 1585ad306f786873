package ai.elms.engine.orchestration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatencyCalibrationTest {

	@Test
	void trustsTheProfileUntilEnoughRequestsWereServed() {
		LatencyCalibration calibration = new LatencyCalibration(LatencyCalibration.DEFAULT_ATTAINMENT);
		for (int i = 0; i < LatencyCalibration.MIN_SAMPLES - 1; i++) {
			calibration.observe(10, 20, 1, 3);
		}
		assertThat(calibration.ttftFactor()).isEqualTo(1);
		assertThat(calibration.tpotFactor()).isEqualTo(1);
		calibration.observe(10, 20, 1, 3);
		assertThat(calibration.ttftFactor()).isEqualTo(2);
		assertThat(calibration.tpotFactor()).isEqualTo(3);
	}

	@Test
	void scalesByTheNinetiethPercentileOfTheLastRequests() {
		LatencyCalibration calibration = new LatencyCalibration(LatencyCalibration.DEFAULT_ATTAINMENT);
		// ratios 0.01 ... 1.00, then the window keeps the last 128 of 200
		for (int i = 1; i <= 200; i++) {
			calibration.observe(100, i, 1, Double.NaN);
		}
		// the window holds 73 ... 200: its 90th percentile is the 116th, 188
		assertThat(calibration.ttftFactor()).isEqualTo(1.88);
		// single tokens (no TPOT) leave TPOT alone
		assertThat(calibration.tpotFactor()).isEqualTo(1);
	}

	@Test
	void aimsAtTheAttainmentItIsGiven() {
		LatencyCalibration calibration = new LatencyCalibration(0.5);
		for (int i = 1; i <= 100; i++) {
			calibration.observe(100, i, 1, Double.NaN);
		}
		// ratios 0.01 ... 1.00: the median is the 50th
		assertThat(calibration.ttftFactor()).isEqualTo(0.5);
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator.Policy(true, true, 1.0));
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator.Policy(true, true, 0));
		assertThat(Orchestrator.Policy.DEFAULT.attainment()).isEqualTo(0.9);
	}

	@Test
	void keepsTheCorrectionWithinBounds() {
		LatencyCalibration calibration = new LatencyCalibration(LatencyCalibration.DEFAULT_ATTAINMENT);
		for (int i = 0; i < LatencyCalibration.MIN_SAMPLES; i++) {
			calibration.observe(1, 100, 10, 1);
		}
		assertThat(calibration.ttftFactor()).isEqualTo(LatencyCalibration.MAX_FACTOR);
		assertThat(calibration.tpotFactor()).isEqualTo(LatencyCalibration.MIN_FACTOR);
	}

}
