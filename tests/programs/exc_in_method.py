# Uncaught exception in a method, a classmethod and a staticmethod call chain; dunder method too.
class Account:
    rate = 0.05

    def __init__(self, balance):
        self.balance = balance

    @classmethod
    def open(cls, amount):
        return cls(amount)

    @staticmethod
    def check(amount):
        if amount > 1000:
            raise ValueError(f"amount {amount} over limit")
        return amount

    def withdraw(self, amount):
        self.check(amount)
        if amount > self.balance:
            raise RuntimeError(f"insufficient funds: {self.balance} < {amount}")
        self.balance -= amount
        return self.balance

    def __len__(self):
        return self.balance // 0


acct = Account.open(100)
print(acct.withdraw(30))
try:
    acct.withdraw(5000)
except ValueError as e:
    print("caught:", e)
try:
    len(acct)
except ZeroDivisionError as e:
    print("len:", e)
print(acct.withdraw(80))
