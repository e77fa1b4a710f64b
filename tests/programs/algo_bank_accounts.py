"""Bank simulation: account class hierarchy, transactions with custom exceptions, ledger, interest, statements."""
from decimal import Decimal, ROUND_HALF_UP
class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner}: cannot withdraw {amount}, balance {account.balance}")
        self.account, self.amount = account, amount
class FrozenAccount(Exception):
    pass
class Account:
    _next_id = 1000
    def __init__(self, owner, balance="0"):
        self.owner = owner
        self.balance = Decimal(balance)
        self.history = []
        self.frozen = False
        self.id = Account._next_id
        Account._next_id += 1
    def _check(self):
        if self.frozen:
            raise FrozenAccount(f"account {self.id} is frozen")
    def deposit(self, amount):
        self._check()
        amount = Decimal(amount)
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("dep", amount))
        return self.balance
    def withdraw(self, amount):
        self._check()
        amount = Decimal(amount)
        if amount > self.available():
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.history.append(("wd", amount))
        return self.balance
    def available(self):
        return self.balance
    def month_end(self):
        pass
    def __repr__(self):
        return f"{type(self).__name__}#{self.id}({self.owner}, {self.balance})"
class Savings(Account):
    rate = Decimal("0.02")
    def month_end(self):
        interest = (self.balance * self.rate / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if interest:
            self.balance += interest
            self.history.append(("int", interest))
class Checking(Account):
    def __init__(self, owner, balance="0", overdraft="100"):
        super().__init__(owner, balance)
        self.overdraft = Decimal(overdraft)
    def available(self):
        return self.balance + self.overdraft
    def month_end(self):
        if self.balance < 0:
            self.balance -= Decimal("5")
            self.history.append(("fee", Decimal("5")))
class Bank:
    def __init__(self):
        self.accounts = {}
        self.log = []
    def open(self, cls, *args, **kw):
        acct = cls(*args, **kw)
        self.accounts[acct.id] = acct
        return acct
    def transfer(self, src, dst, amount):
        try:
            src.withdraw(amount)
        except (InsufficientFunds, FrozenAccount) as e:
            self.log.append(f"FAILED transfer {src.id}->{dst.id}: {e}")
            return False
        try:
            dst.deposit(amount)
        except FrozenAccount as e:
            src.deposit(amount)
            self.log.append(f"REVERSED transfer {src.id}->{dst.id}: {e}")
            return False
        self.log.append(f"transfer {src.id}->{dst.id} {amount}")
        return True
    def month_end(self):
        for a in self.accounts.values():
            a.month_end()
    def total(self):
        return sum((a.balance for a in self.accounts.values()), Decimal(0))
bank = Bank()
alice = bank.open(Savings, "alice", "1000.00")
bob = bank.open(Checking, "bob", "50.00", overdraft="200")
carol = bank.open(Account, "carol")
print(alice, bob, carol)
print(bank.transfer(alice, bob, "250.50"), bank.transfer(bob, carol, "480"), bank.transfer(bob, carol, "100"))
carol.frozen = True
print(bank.transfer(alice, carol, "10"))
carol.frozen = False
try:
    carol.deposit("-5")
except ValueError as e:
    print("ValueError:", e)
try:
    carol.withdraw("1000")
except InsufficientFunds as e:
    print("InsufficientFunds:", e, e.amount)
for month in range(12):
    bank.month_end()
    if month % 4 == 0:
        bank.transfer(carol, bob, "20")
print(alice, bob, carol)
print(bank.total())
for line in bank.log:
    print(" ", line)
print(alice.history[:3], len(alice.history), sum(a for k, a in alice.history if k == "int"))
for i in range(3000):
    acct = (alice, bob, carol)[i % 3]
    try:
        if i % 2:
            acct.withdraw(str(i % 50))
        else:
            acct.deposit(str(i % 70 + 1))
    except InsufficientFunds:
        pass
print(alice.balance, bob.balance, carol.balance, bank.total())
print(sorted(bank.accounts.values(), key=lambda a: a.balance))
