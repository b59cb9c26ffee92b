// The web editor (/admin/): its preview pane is styled by the site's own stylesheet.
CMS.registerPreviewStyle("../theme/css/site.css");
