package ai.elms.gateway.teams;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<Team, String> {

	Optional<Team> findByName(String name);

}
