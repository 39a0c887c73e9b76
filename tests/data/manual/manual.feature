Feature: a campaign with a manual part
  Background:
    Given a thing

  @EXG-001
  Scenario: automated
    When I add 1
    Then the value is ok

  @manual @EXG-002
  Scenario: read the printed payslip
    Given the printed payslip of March
    When I read it without any other document
    Then the net amount is on the first page

  @EXG-003
  Scenario Outline: partly by hand
    When I add <n>
    Then the value is <value>

    Examples: automated
      | n | value |
      | 1 | ok    |

    @MANUEL
    Examples: by hand
      | n | value |
      | 2 | ko    |
