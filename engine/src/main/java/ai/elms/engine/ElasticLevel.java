package ai.elms.engine;

/**
 * A level the engine can serve.
 *
 * @param index position in {@link ElasticEngine#levels()}, 0 is the smallest
 * @param share nominal share of the full model's parameters, the level's name (0.2 ...
 * 1.0)
 * @param parameters parameters the level runs with
 */
public record ElasticLevel(int index, double share, long parameters) {
}
