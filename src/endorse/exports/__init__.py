"""An association's records carried out: the archive a coordinator requests (every record in the
import templates' columns, a portfolio file per application, the stored documents, the ratings an
applicant may see, a manifest), built by the worker and downloaded once; and a person's own data
("Download my data"). See docs/import.md, "Exporting"."""
