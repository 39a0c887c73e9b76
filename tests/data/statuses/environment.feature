Feature: The system under test is not always there
  @EXG-009
  Scenario: the system under test is down
    Given a thing
    When I call the system under test
    Then the value is ok

  @EXG-009
  Scenario: the system under test never answers
    Given a thing
    When I wait for an answer that never comes
    Then the value is ok

  @EXG-010
  Scenario: not ready yet
    Given a thing
    When the step says it is not ready
    Then the value is ok
