"""What the segment effects probably are, given the estimates: shrinkage across segments (a hierarchical model).

In plain words: the best-looking option is picked because its estimates
look good, and part of that look is luck. Taken at face value, the chance
that it is best and its advantage are overstated (on small events the old
"chance best" said 60% and was right a third of the time; in worlds with no
effect at all 16% of recommendations claimed 80% or more). Here each
segment's effect is pulled towards the effects of the other segments, and
all of them towards no difference, as far as the evidence is weak: a large
estimate from few rooms is pulled far, a precise one hardly at all.

The model: the segment effects are ``tau_s = mu + u_s`` with a common part
``mu ~ N(0, B)`` and each segment's own part ``u_s ~ N(0, A)``; the estimates
are ``tau_hat ~ N(tau, c V)`` with ``V`` the cluster-robust covariance and
``c`` its uncertain scale (``V`` rests on few sessions: ``nu / c`` is
chi-square with the Satterthwaite degrees of freedom ``nu``). ``sqrt(A)``
and ``sqrt(B)`` have half-normal priors with scale half the outcome's
standard deviation (format differences of up to about one standard deviation
are plausible, larger ones rare), and with prior chance
:data:`NO_EFFECT_SHARE` (a quarter) the format makes no difference to anyone
(``A = B = 0``). ``A``, ``B`` and ``c`` are integrated out
on a grid (empirical-Bayes weights times the priors), so the posterior of the
effects is a mixture of normals: :class:`EffectPosterior`. Its mean gives
the options' expected values; its draws give the chance each option is best
(a draw of no difference makes no option best). In the simulation study's
worlds with effects and sizes drawn at random, the stated chances match how
often the recommended plan was truly best (``benchmarks/simulation_study.py``).

Example
-------
>>> import numpy as np
>>> posterior = effect_posterior(np.array([3.0, -1.0]), np.diag([1.0, 1.0]), df=10.0, scale=2.0)
>>> [round(float(x), 2) for x in posterior.mean]     # pulled towards each other and towards 0
[1.27, -0.24]
>>> precise = effect_posterior(np.array([3.0, -1.0]), np.diag([0.01, 0.01]), df=200.0, scale=2.0)
>>> [round(float(x), 1) for x in precise.mean]       # a precise estimate is hardly moved
[3.0, -1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
# scipy.special, not scipy.stats: the same functions without scipy.stats' second of import time on every command
from scipy import special

__all__ = ["EffectPosterior", "effect_posterior", "PRIOR_SCALE_SD", "NO_EFFECT_SHARE"]

#: The priors' scale, in standard deviations of the outcome: the typical size of a format's effect.
PRIOR_SCALE_SD = 0.5
#: The prior chance that the format makes no difference to anyone (a point mass at zero): many format
#: comparisons find nothing, and without it a few noisy rooms in a world with no effect claim too much.
NO_EFFECT_SHARE = 0.25

_GRID = 24
_SCALE_POINTS = 8


@dataclass(frozen=True, eq=False)
class EffectPosterior:
    """A mixture of normals for the segment effects (made by :func:`effect_posterior`).

    Attributes
    ----------
    weights : ndarray
        Per mixture component (a point of the grid of ``A``, ``B``, ``c``): its posterior weight.
    means : ndarray
        Components x segments: the posterior mean of the effects in each component.
    roots : ndarray
        Components x segments x segments: a square root of each component's posterior covariance.

    Example
    -------
    >>> import numpy as np
    >>> posterior = effect_posterior(np.array([1.0]), np.array([[0.25]]), df=30.0, scale=1.0)
    >>> posterior.draw(5, np.random.default_rng(0)).shape
    (5, 1)
    """

    weights: np.ndarray
    means: np.ndarray
    roots: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """The posterior mean of each segment's effect."""
        return self.weights @ self.means

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` draws of the effects (draws x segments)."""
        component = rng.choice(len(self.weights), size=n, p=self.weights)
        z = rng.standard_normal((n, self.means.shape[1]))
        return self.means[component] + np.einsum("nij,nj->ni", self.roots[component], z)


def effect_posterior(estimate: np.ndarray, covariance: np.ndarray, *, df: float, scale: float) -> EffectPosterior:
    """The posterior of the segment effects given their estimates (see the module's note).

    Parameters
    ----------
    estimate : ndarray
        The segments' estimated effects.
    covariance : ndarray
        Their (cluster-robust) covariance.
    df : float
        Degrees of freedom of the covariance (the smallest among the segments); NaN or inf: known.
    scale : float
        The outcome's standard deviation: the priors' scale is :data:`PRIOR_SCALE_SD` of it.

    Example
    -------
    >>> import numpy as np
    >>> noisy = effect_posterior(np.array([2.0, 2.0]), np.diag([4.0, 4.0]), df=4.0, scale=3.0)
    >>> bool(noisy.mean[0] < 1.5)        # two noisy estimates of 2: probably less
    True
    """
    estimate = np.asarray(estimate, dtype=float)
    covariance = np.asarray(covariance, dtype=float)
    k = len(estimate)
    prior_sd = PRIOR_SCALE_SD * float(scale) if np.isfinite(scale) and scale > 0 else 1.0
    # grid of the prior standard deviations (half-normal weights), from nearly nothing to three prior scales
    root = np.linspace(0.02, 3.0, _GRID) * prior_sd
    prior = np.sqrt(2.0 / np.pi) * np.exp(-(root / prior_sd) ** 2 / 2.0) / prior_sd  # half-normal density
    if np.isfinite(df) and df > 0:
        probabilities = (np.arange(_SCALE_POINTS) + 0.5) / _SCALE_POINTS
        c = df / (2 * special.gammaincinv(df / 2, probabilities))  # chi-square quantiles
    else:
        c = np.ones(1)
    a, b, s = np.meshgrid(root**2, root**2, c, indexing="ij")
    a, b, s = a.ravel(), b.ravel(), s.ravel()
    weight_prior = np.meshgrid(prior, prior, np.ones(len(c)), indexing="ij")
    weight_prior = (weight_prior[0] * weight_prior[1]).ravel()
    weight_prior *= (1.0 - NO_EFFECT_SHARE) * len(c) / weight_prior.sum()
    # the point mass at no difference for anyone: A = B = 0, one component per scale point
    a, b = np.concatenate([a, np.zeros(len(c))]), np.concatenate([b, np.zeros(len(c))])
    s = np.concatenate([s, c])
    weight_prior = np.concatenate([weight_prior, np.full(len(c), NO_EFFECT_SHARE)])
    eye, ones = np.eye(k), np.ones((k, k))
    prior_cov = a[:, None, None] * eye + b[:, None, None] * ones
    total = prior_cov + s[:, None, None] * covariance
    total = (total + np.transpose(total, (0, 2, 1))) / 2 + 1e-12 * eye
    chol = np.linalg.cholesky(total)
    solved = np.linalg.solve(chol, np.broadcast_to(estimate, (len(a), k))[..., None])[..., 0]
    log_lik = -0.5 * (solved**2).sum(axis=1) - np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
    log_w = log_lik + np.log(weight_prior)
    weights = np.exp(log_w - log_w.max())
    weights /= weights.sum()
    gain = prior_cov @ np.linalg.inv(total)
    means = np.einsum("cij,j->ci", gain, estimate)
    post_cov = prior_cov - gain @ prior_cov
    post_cov = (post_cov + np.transpose(post_cov, (0, 2, 1))) / 2
    values, vectors = np.linalg.eigh(post_cov)
    roots = vectors * np.sqrt(np.clip(values, 0.0, None))[:, None, :]
    keep = weights > 1e-9 * weights.max()
    return EffectPosterior(weights=weights[keep] / weights[keep].sum(), means=means[keep], roots=roots[keep])
