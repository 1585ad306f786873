package ai.elms.gateway.teams;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	List<ApiKey> findByTeamIdOrderByCreatedAt(String teamId);

}
