package org.partnerdelegation.spring.boot.web;

import org.springframework.test.context.TestPropertySource;

/** The API's flow and refusals on H2, the embedded default. */
@TestPropertySource(properties = "pd.test.database=h2")
class H2ApiFlowTest extends ApiFlowContract {
}
