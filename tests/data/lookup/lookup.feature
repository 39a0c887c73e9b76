Feature: Step lookup
  Scenario: exact string
    Given a fixed phrase
    Then the trace is root-string

  Scenario: parse ignores case, also on accented letters
    Given LE SALARIÉ S001
    And le salarié S002
    Then the trace is parse-S001,parse-S002

  Scenario: patterns without a literal start
    Given 12 salariés
    When je verse 30 €
    And il calcule 4
    Then the trace is re-start-12,re-group-30,cfparse-4

  Scenario: top-level alternation in either case
    When THE TOTAL IS 7
    And le total est 8
    Then the trace is alternation-7,alternation-8

  Scenario: two definitions of one phrase
    Given an ambiguous phrase
    Then the trace is second

  Scenario: a phrase nobody defined
    Given a phrase nobody defined
