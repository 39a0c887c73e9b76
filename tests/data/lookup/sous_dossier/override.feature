Feature: Overridden step
  Scenario: the closest definition wins
    Given a fixed phrase
    Then the trace is sub-string
