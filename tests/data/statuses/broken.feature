Feature: broken
  Scenario: fine
    Given a thing
  Scenarioo: misspelled
    Given a thing
    Examples:
