# Uncaught custom exception classes: __str__ override, extra attributes, inheritance, repr.
class AppError(Exception):
    """Base error."""


class ValidationError(AppError):
    def __init__(self, field, value):
        super().__init__(field, value)
        self.field = field
        self.value = value

    def __str__(self):
        return f"invalid {self.field}: {self.value!r}"


class EmptyStr(Exception):
    def __str__(self):
        return ""


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")


try:
    raise ValidationError("age", -1)
except AppError as e:
    print("caught:", e, "|", repr(e), "|", e.args, "|", e.field)
try:
    raise EmptyStr("hidden")
except EmptyStr as e:
    print("empty:", repr(str(e)), repr(e))
print(ValidationError.__mro__[1].__name__, ValidationError.__mro__[1].__doc__)


def register(user):
    if "@" not in user.get("email", ""):
        raise ValidationError("email", user.get("email"))


register({"email": "a@b"})
register({"email": "nope"})
