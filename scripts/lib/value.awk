# value.awk: a summary metric's median for configuration c, loaded before
# dots.awk and summary.awk (awk -f value.awk -f ...): m is a metric, or
# "a/b", the ratio of two metrics' medians; "" when either is missing or b is 0.
# Reads med[c, m], which the loading program fills.
function value(c, m,   s, a, b) {
	s = index(m, "/")
	if (!s) return ((c, m) in med) ? med[c, m] : ""
	a = substr(m, 1, s - 1); b = substr(m, s + 1)
	if (!((c, a) in med) || !((c, b) in med) || med[c, b] == 0) return ""
	return med[c, a] / med[c, b]
}
