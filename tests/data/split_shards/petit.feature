Feature: A small file
  Scenario: small
    When I add 7
    Then the context served once
