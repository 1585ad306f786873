package ai.elms.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Llama-style decoder: RMSNorm, rotary position embedding, SwiGLU feed-forward,
 * multi-head or grouped-query attention.
 *
 * @param hiddenSize width of the residual stream
 * @param layers decoder layers
 * @param heads query heads
 * @param kvHeads key/value heads; a KV group is one KV head and the
 * {@code heads / kvHeads} query heads that share it
 * @param headDim width of one head
 * @param ffnSize intermediate width of the SwiGLU feed-forward
 * @param vocabSize rows of the embedding and of the output head
 * @param contextLength most tokens of prompt plus completion
 * @param ropeTheta base of the rotary embedding
 * @param rmsNormEps epsilon of every RMSNorm
 * @param tieEmbeddings whether the output head reuses the embedding matrix
 */
public record Architecture(@JsonProperty("hidden_size") int hiddenSize, @JsonProperty("layers") int layers,
		@JsonProperty("heads") int heads, @JsonProperty("kv_heads") int kvHeads, @JsonProperty("head_dim") int headDim,
		@JsonProperty("ffn_size") int ffnSize, @JsonProperty("vocab_size") int vocabSize,
		@JsonProperty("context_length") int contextLength, @JsonProperty("rope_theta") double ropeTheta,
		@JsonProperty("rms_norm_eps") double rmsNormEps, @JsonProperty("tie_embeddings") boolean tieEmbeddings) {

	public Architecture {
		require(hiddenSize > 0 && layers > 0 && heads > 0 && kvHeads > 0 && headDim > 0 && ffnSize > 0 && vocabSize > 0
				&& contextLength > 0, "every size must be positive");
		require(heads % kvHeads == 0, "heads must be a multiple of kv_heads");
		require(headDim % 2 == 0, "head_dim must be even for the rotary embedding");
		require(ropeTheta > 0 && rmsNormEps > 0, "rope_theta and rms_norm_eps must be positive");
	}

	/** Query heads per KV group. */
	public int headsPerGroup() {
		return this.heads / this.kvHeads;
	}

	/** Parameters of one layer with the given active KV groups and FFN width. */
	public long layerParameters(int kvGroups, int ffn) {
		long q = (long) kvGroups * headsPerGroup() * this.headDim;
		long kv = (long) kvGroups * this.headDim;
		return this.hiddenSize * (2 * q + 2 * kv + 3L * ffn) + 2L * this.hiddenSize;
	}

	/** Parameters outside the layers: embedding, final norm and (untied) output head. */
	public long outerParameters() {
		long embed = (long) this.vocabSize * this.hiddenSize;
		return embed * (this.tieEmbeddings ? 1 : 2) + this.hiddenSize;
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
