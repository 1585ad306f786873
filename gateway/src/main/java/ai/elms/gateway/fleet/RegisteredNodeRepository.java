package ai.elms.gateway.fleet;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface RegisteredNodeRepository extends JpaRepository<RegisteredNode, String> {

	Optional<RegisteredNode> findByUrl(String url);

}
