from pytest_bdd import when


@when("I do something")
def go_to_article():
    pass
