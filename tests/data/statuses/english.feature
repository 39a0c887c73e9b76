@feature-tag
Feature: Every status
  @EXG-001
  Scenario: passes
    Given a thing
    When I add 2

  @EXG-002
  Scenario: fails
    Given a thing
    Then the value is ko

  @EXG-003
  Scenario: undefined first step
    Given nothing defined here
    When I add 3

  @EXG-003
  Scenario: undefined later step
    Given a thing
    When I do something undefined
    Then the value is ok

  @skip @EXG-004
  Scenario: skipped
    Given a thing

  @EXG-005
  Scenario Outline: outline
    Given a thing
    Then the value is <value>

    @row-tag
    Examples:
      | value |
      | ok    |
      | ko    |
