# Global nbgrader configuration of the course image (see docs/instructor-guide.md, section 2):
# the course id and the exchange, here ngshare (a JupyterHub service) instead of a shared folder.
from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "qinternet-edu"
configureExchange(c, "http://ngshare:8080/services/ngshare")  # the hub service of the values file
