"""Coefficients of the polynomials in assembly/simd-math.ts (the WebAssembly link functions).

Run: python3 scripts/fit-simd-polynomials.py (needs mpmath). Fits, at 50 digits, by
interpolation at Chebyshev nodes (mpmath.chebyfit: near-minimax), then prints each
polynomial's coefficients as doubles, lowest degree first, and the maximum error of the fit:

  E: e^r on |r| <= ln 2 / 2, degree 11 (error 3.2e-18);
  L: 2 atanh(s) / s as a polynomial in z = s^2 on z <= (3 - 2 sqrt 2)^2, degree 7 (error 2.3e-18).

The interval is widened by 1e-4 so that the reduced arguments' rounding stays inside it.
"""
import mpmath as mp

mp.mp.dps = 50


def fit(name, f, a, b, degree):
    coefficients, error = mp.chebyfit(f, [a, b], degree + 1, error=True)
    print(f'{name}: degree {degree}, maximum error {mp.nstr(error, 3)}')
    for i, c in enumerate(reversed(coefficients)):
        print(f'  {name}{i} = {float(c)!r}')


half = mp.log(2) / 2
fit('E', mp.exp, -half * 1.0001, half * 1.0001, 11)


def two_atanh_over_s(z):
    if z == 0:
        return mp.mpf(2)
    s = mp.sqrt(z)
    return 2 * mp.atanh(s) / s


fit('L', two_atanh_over_s, 0, (3 - 2 * mp.sqrt(2)) ** 2 * 1.0001, 7)
