"""Split one patient's forfait between its components, in integer cents.

Everything here works on integers so the parts always add up to the total exactly.
"""

from fractions import Fraction


def to_cents(amount):
    """Euros (float or str) to integer cents, rounding half away from zero."""
    value = Fraction(str(amount)) * 100
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def scale(cents, numerator, denominator):
    """cents x numerator / denominator, rounded half up to the cent."""
    if not denominator:
        return 0
    return int(Fraction(cents * numerator, denominator) + Fraction(1, 2))


def parse_schedule(text):
    """'45; 30; 30; 45' -> [4500, 3000, 3000, 4500]; raises ValueError on bad input."""
    if not text or not text.strip():
        return []
    return [to_cents(part.strip().replace(",", ".")) for part in text.split(";") if part.strip()]


def earned(component):
    """What a component earns before its cap, in cents.

    `component` is a dict: computation (fixed | per_encounter | initial | schedule |
    pooled), amount (the cap), base, rate, count (done encounters), max_count (0: no
    limit), min_count (done encounters a fixed amount needs), schedule (list of cents),
    pooled (cents already computed from the pooled cost), stated (a pooled component pays
    its stated amount, the computation being its justification).

    >>> earned({"computation": "initial", "base": 5000, "rate": 2600, "count": 0})
    0
    >>> earned({"computation": "initial", "base": 5000, "rate": 2600, "count": 2})
    7600
    """
    computation = component["computation"]
    count = component.get("count", 0)
    if computation == "fixed":
        return component["amount"] if count >= component.get("min_count", 0) else 0
    if computation == "per_encounter":
        if component.get("max_count"):
            count = min(count, component["max_count"])
        return component.get("base", 0) + component.get("rate", 0) * count
    if computation == "initial":
        # The base pays the initial session, the rate each follow-up session held.
        if not count:
            return 0
        follow_ups = count - 1
        if component.get("max_count"):
            follow_ups = min(follow_ups, component["max_count"])
        return component.get("base", 0) + component.get("rate", 0) * follow_ups
    if computation == "schedule":
        return sum(component.get("schedule", [])[:count])
    if computation == "pooled":
        pooled = component.get("pooled", 0)
        if component.get("stated"):
            return component["amount"] if pooled else 0
        return pooled
    raise ValueError("Unknown computation %r" % computation)


def distribute(cents, weights):
    """Split `cents` in proportion to `weights` with the largest-remainder method.

    The parts add up to `cents` exactly; equal weights when they are all zero.
    """
    if not weights:
        return []
    if not any(weights):
        weights = [1] * len(weights)
    total_weight = sum(weights)
    exact = [Fraction(cents * weight, total_weight) for weight in weights]
    parts = [int(value) for value in exact]
    left = cents - sum(parts)
    by_fraction = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in by_fraction[:left]:
        parts[index] += 1
    return parts


def split_forfait(total, components, covered=(1, 1)):
    """Split `total` cents between `components` (list of dicts, see `earned`).

    Each component also has `key`, `payable` (a beneficiary exists and may be paid)
    and `early_exit` ('prorata' or 'full'); `covered` is the fraction of the period
    the patient was followed (numerator, denominator). Non-remainder components get
    what they earned, capped at their amount (scaled by `covered` when prorata);
    remainder components share what is left in proportion to their amount.

    Returns (parts, retained): parts maps each key to cents, retained is what no
    component took (kept by the organisation). sum(parts) + retained == total.
    """
    parts = {}
    for component in components:
        if component["computation"] == "remainder":
            continue
        cap = component["amount"]
        if component.get("early_exit") == "prorata":
            cap = scale(cap, *covered)
        parts[component["key"]] = (
            max(0, min(earned(component), cap)) if component.get("payable") else 0
        )
    left = total - sum(parts.values())
    if left < 0:
        raise ValueError("The components exceed the forfait by %d cents" % -left)
    remainders = [
        component
        for component in components
        if component["computation"] == "remainder" and component.get("payable")
    ]
    shares = distribute(left, [component["amount"] for component in remainders])
    for component, share in zip(remainders, shares, strict=True):
        parts[component["key"]] = share
    for component in components:
        parts.setdefault(component["key"], 0)
    return parts, total - sum(parts.values())
